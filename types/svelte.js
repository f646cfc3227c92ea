// Types only: see svelte.d.ts. Importing this module has no effect at run time.
export {};
