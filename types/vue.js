// Types only: see vue.d.ts. Importing this module has no effect at run time.
export {};
