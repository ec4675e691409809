/**
 * Declaring one constant per shape in an order JavaScript accepts: a constant is written after
 * the constants it refers to, and a reference that would come too early (a recursive shape)
 * becomes a thunk, `() => Name`, which the runtime resolves on use.
 */

/**
 * Declares the constants of `ids` and of every shape they refer to.
 *
 * @param ids - the shapes to declare, in the order wanted where dependencies allow
 * @param constName - the constant's name for a shape
 * @param emit - writes a shape's declarations; it calls `refer(target)` for each shape it refers
 *   to and puts the returned expression in its text
 * @returns the declarations, dependencies first
 */
export function declareInDependencyOrder(
  ids: Iterable<string>,
  constName: (id: string) => string,
  emit: (id: string, refer: (target: string) => string) => string[],
): string[] {
  const declared = new Set<string>();
  const inProgress = new Set<string>();
  const out: string[] = [];
  const declare = (id: string): void => {
    if (declared.has(id) || inProgress.has(id)) return;
    inProgress.add(id);
    const refer = (target: string): string => {
      declare(target);
      return declared.has(target) ? constName(target) : `() => ${constName(target)}`;
    };
    out.push(...emit(id, refer));
    inProgress.delete(id);
    declared.add(id);
  };
  for (const id of ids) declare(id);
  return out;
}
