/**
 * Strings the script-tag entry of `<acs-teams-call>` needs: the button. Everything else (the call
 * panel) is in `call-ui-strings.ts` and loads with the call UI chunk on the first click. Hosts
 * override any key of either through the element's `strings` property.
 */
import type { Catalogs } from '../../i18n/index.js';

const en = {
  'button.call': 'Call',
  'button.label': 'Call {name}',
  // issue 16
  'button.hangUp': 'Hang up',
};

const fr: Record<keyof typeof en, string> = {
  'button.call': 'Appeler',
  'button.label': 'Appeler {name}',
  // issue 16
  'button.hangUp': 'Raccrocher',
};

const it: Record<keyof typeof en, string> = {
  'button.call': 'Chiama',
  'button.label': 'Chiama {name}',
  // issue 16
  'button.hangUp': 'Riaggancia',
};

export type CallButtonCatalog = typeof en;
export const strings: Catalogs<CallButtonCatalog> = { en, fr, it };
