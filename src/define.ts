/**
 * `acs-teams-elements/define`: registers every element, synchronously. Importing it has that one
 * side effect; `acs-teams-elements` (index) registers nothing. It also exports registerLocale.
 * The script-tag entry (dist/cdn/acs-teams-elements.js) is src/autoload.ts instead, which loads
 * each element's code when its tag is in the document.
 */
import { AcsTeamsMeeting } from './components/teams-meeting/teams-meeting.js';
import { AcsMeetingChat } from './components/meeting-chat/meeting-chat.js';
import { AcsTeamsCall } from './components/teams-call/teams-call.js';

if (!customElements.get('acs-teams-meeting')) customElements.define('acs-teams-meeting', AcsTeamsMeeting);
if (!customElements.get('acs-meeting-chat')) customElements.define('acs-meeting-chat', AcsMeetingChat);
if (!customElements.get('acs-teams-call')) customElements.define('acs-teams-call', AcsTeamsCall);

export { registerLocale } from './i18n/index.js';
