/**
 * English strings the script-tag entry of `<acs-teams-call>` needs: the button (namespace `call`).
 * Everything else (the call panel) is in `call-ui-strings.ts` and loads with the call UI chunk on
 * the first click. Hosts override any key of either through the element's `strings` property.
 */

const en = {
  'button.call': 'Call',
  'button.label': 'Call {name}',
  // issue 16
  'button.hangUp': 'Hang up',
};

export type CallButtonCatalog = typeof en;
export const callButtonStrings: CallButtonCatalog = en;
