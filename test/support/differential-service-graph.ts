/**
 * A realistic GetServiceGraph response body, also the services of a GetTraceGraph one, for the
 * differential tests (`test/runtime/differential/`).
 */

const histogram = [
  { Value: 0.005, Count: 10 },
  { Value: 1.5, Count: 2 },
];
const statistics = {
  OkCount: 100,
  ErrorStatistics: { ThrottleCount: 1, OtherCount: 2, TotalCount: 3 },
  FaultStatistics: { OtherCount: 4, TotalCount: 4 },
  TotalCount: 107,
  TotalResponseTime: 12.345,
};
const serviceGraphService = (referenceId: number, name: string) => ({
  ReferenceId: referenceId,
  Name: name,
  Names: [name],
  Root: referenceId === 0,
  AccountId: "123456789012",
  Type: "AWS::Lambda::Function",
  State: "active",
  StartTime: 1795003140.25,
  EndTime: "1795003200.75",
  Edges: [
    {
      ReferenceId: referenceId + 1,
      StartTime: 1795003140,
      EndTime: 1795003199.001,
      SummaryStatistics: statistics,
      ResponseTimeHistogram: histogram,
      Aliases: [{ Name: "db", Names: ["db", "db.internal"], Type: "remote" }],
      EdgeType: "REQUEST",
      ReceivedEventAgeHistogram: [{ Value: 3, Count: 1 }],
    },
  ],
  SummaryStatistics: statistics,
  DurationHistogram: histogram,
  ResponseTimeHistogram: [{ Value: 0.25, Count: 7 }],
});

/** The GetServiceGraph body: two services with edges, statistics and histograms. */
export const serviceGraphBody = {
  StartTime: 1795003140,
  EndTime: 1795003200.5,
  Services: [serviceGraphService(0, "api"), serviceGraphService(1, "db")],
  ContainsOldGroupVersions: true,
  NextToken: "sg-next",
};
