// Placeholder: replaced by the module this entry point is for.
export {};
