// Types only: see solid.d.ts. Importing this module has no effect at run time.
export {};
