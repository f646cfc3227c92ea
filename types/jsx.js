// Types only: see jsx.d.ts. Importing this module has no effect at run time.
export {};
