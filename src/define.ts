/**
 * The script-tag entry: registers every element. Importing it has that one side effect;
 * `acs-teams-elements` (index) registers nothing. It also exports registerLocale, so a page using
 * the script tag can add its own language:
 * `import { registerLocale } from '…/acs-teams-elements.js'`.
 */
import { AcsTeamsMeeting } from './components/teams-meeting/teams-meeting.js';
import { AcsMeetingChat } from './components/meeting-chat/meeting-chat.js';
import { AcsTeamsCall } from './components/teams-call/teams-call.js';

if (!customElements.get('acs-teams-meeting')) customElements.define('acs-teams-meeting', AcsTeamsMeeting);
if (!customElements.get('acs-meeting-chat')) customElements.define('acs-meeting-chat', AcsMeetingChat);
if (!customElements.get('acs-teams-call')) customElements.define('acs-teams-call', AcsTeamsCall);

export { registerLocale } from './i18n/index.js';
