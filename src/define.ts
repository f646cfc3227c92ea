/**
 * The script-tag entry: registers every element. Importing it has that one side effect;
 * `acs-teams-elements` (index) registers nothing.
 */
export {};
