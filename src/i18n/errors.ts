/**
 * The user-facing message for every AcsError code: `errors.<code>`, in en, fr and it. Each says
 * what happened in plain words and what the person can do next (retry, allow the camera, ask the
 * organizer, contact the site owner). Elements may override any of them through their `strings`
 * property, and feature catalogs may word a code for their own context.
 */
import type { AcsErrorCode } from '../core/errors.js';
import { Translator, type Catalogs, type Locale } from './index.js';

export type ErrorMessageKey = `errors.${AcsErrorCode}`;

/*
 * `satisfies Record<ErrorMessageKey, string>` is the compile-time check: a code added to
 * ERROR_CODES without a message here, or a message for a code that no longer exists, fails
 * `tsc`. fr and it are then held to en's keys by `Catalogs`.
 */
const en = {
  'errors.invalid-meeting-link':
    'This meeting link doesn’t look right. Copy the whole Teams meeting link from the invitation and try again.',
  'errors.consumer-teams-unsupported':
    'This link is for Teams (free). Only work or school Teams meetings can be joined here.',
  'errors.government-cloud-unsupported':
    'This meeting is hosted in a government or national Microsoft cloud and can’t be joined here. Join it with the Teams app instead.',
  'errors.invalid-meeting-id':
    'Check the meeting ID and passcode. The ID is a long number (spaces are fine) and the passcode is case-sensitive.',
  'errors.missing-meeting': 'No meeting to join yet. Enter a meeting link, or a meeting ID and passcode.',
  'errors.missing-token-source':
    'This page isn’t set up to connect to meetings yet. Please let the site owner know.',
  'errors.invalid-callee': 'The person or number to call isn’t valid. Check it and try again.',
  'errors.caller-id-required':
    'Calling a phone number needs a caller ID, and none is set up. Please let the site owner know.',
  'errors.invalid-phone-number':
    'This phone number isn’t valid. Enter it in international format, for example +14255550123.',
  'errors.token-unauthorized': 'You aren’t signed in or allowed to connect. Sign in again, then try again.',
  'errors.token-not-found': 'The sign-in service for meetings wasn’t found. Please let the site owner know.',
  'errors.token-invalid':
    'The sign-in service sent something unexpected. Try again later, and let the site owner know if it keeps happening.',
  'errors.token-unreachable': 'Couldn’t reach the sign-in service. Check your internet connection and try again.',
  'errors.token-wrong-kind':
    'This sign-in can’t be used here: guest access and Teams accounts work differently. Please let the site owner know.',
  'errors.sdk-load-failed':
    'The meeting components couldn’t be loaded. Check your internet connection and reload the page.',
  'errors.media-permission-denied':
    'Your browser is blocking the camera or microphone. Allow them in the site settings (next to the address bar), then try again.',
  'errors.media-no-device': 'No camera or microphone was found. Connect one, then try again.',
  'errors.screen-share-failed':
    'Screen sharing couldn’t start. Make sure your browser and system allow screen sharing, then try again.',
  'errors.join-failed': 'Couldn’t join the meeting. Check your internet connection and try again.',
  'errors.anonymous-join-disabled':
    'This meeting doesn’t let guests join from outside the organization. Ask the organizer for access, or join with the Teams app.',
  'errors.consent-failed': 'Your consent couldn’t be sent, so your microphone and camera stay off. Try again.',
  'errors.consent-required':
    'This meeting is being recorded or transcribed. Agree to it first, then turn on your microphone or camera.',
  'errors.operation-failed': 'That didn’t work. Try again.',
  'errors.chat-unavailable': 'The meeting chat isn’t available right now. Try again in a moment.',
  'errors.chat-forbidden': 'You don’t have access to this chat. Meeting chat is open only while you’re in the meeting.',
  'errors.chat-channel-meeting': 'Chat isn’t available in channel meetings. Audio and video still work.',
  'errors.chat-teams-identity-unsupported':
    'Meeting chat isn’t available here when you’re signed in with a Teams account. Use the chat in Teams instead.',
  'errors.chat-send-failed': 'Your message wasn’t sent. Check your connection and try again.',
  'errors.chat-message-too-long': 'Your message is too long. Shorten it, then send it again.',
  'errors.network': 'The connection was lost. Check your internet connection and try again.',
  'errors.unknown': 'Something went wrong. Try again, or reload the page.',
  // issue 14
  'errors.not-allowed': 'The meeting doesn’t let you do that right now. Ask the organizer if you need it.',
} satisfies Record<ErrorMessageKey, string>;

type ErrorCatalog = typeof en;

const fr: Record<keyof ErrorCatalog, string> = {
  'errors.invalid-meeting-link':
    'Ce lien de réunion ne semble pas correct. Copiez le lien de réunion Teams complet depuis l’invitation et réessayez.',
  'errors.consumer-teams-unsupported':
    'Ce lien concerne Teams (gratuit). Seules les réunions Teams professionnelles ou scolaires peuvent être rejointes ici.',
  'errors.government-cloud-unsupported':
    'Cette réunion est hébergée dans un cloud Microsoft gouvernemental ou national et ne peut pas être rejointe ici. Rejoignez-la plutôt avec l’application Teams.',
  'errors.invalid-meeting-id':
    'Vérifiez l’ID de réunion et le code secret. L’ID est un long nombre (les espaces sont acceptés) et le code secret respecte les majuscules et minuscules.',
  'errors.missing-meeting':
    'Aucune réunion à rejoindre pour l’instant. Saisissez un lien de réunion, ou un ID de réunion et son code secret.',
  'errors.missing-token-source':
    'Cette page n’est pas encore configurée pour se connecter aux réunions. Merci de prévenir le responsable du site.',
  'errors.invalid-callee': 'La personne ou le numéro à appeler n’est pas valide. Vérifiez-le et réessayez.',
  'errors.caller-id-required':
    'Appeler un numéro de téléphone nécessite un numéro d’appelant, et aucun n’est configuré. Merci de prévenir le responsable du site.',
  'errors.invalid-phone-number':
    'Ce numéro de téléphone n’est pas valide. Saisissez-le au format international, par exemple +33123456789.',
  'errors.token-unauthorized':
    'Vous n’êtes pas connecté ou pas autorisé à vous connecter. Reconnectez-vous, puis réessayez.',
  'errors.token-not-found':
    'Le service de connexion aux réunions est introuvable. Merci de prévenir le responsable du site.',
  'errors.token-invalid':
    'Le service de connexion a renvoyé une réponse inattendue. Réessayez plus tard et prévenez le responsable du site si le problème persiste.',
  'errors.token-unreachable':
    'Impossible de joindre le service de connexion. Vérifiez votre connexion Internet et réessayez.',
  'errors.token-wrong-kind':
    'Cette connexion ne peut pas être utilisée ici (l’accès invité et les comptes Teams fonctionnent différemment). Merci de prévenir le responsable du site.',
  'errors.sdk-load-failed':
    'Les composants de réunion n’ont pas pu être chargés. Vérifiez votre connexion Internet et rechargez la page.',
  'errors.media-permission-denied':
    'Votre navigateur bloque la caméra ou le micro. Autorisez-les dans les paramètres du site (à côté de la barre d’adresse), puis réessayez.',
  'errors.media-no-device': 'Aucune caméra ni aucun micro n’a été trouvé. Branchez-en un, puis réessayez.',
  'errors.screen-share-failed':
    'Le partage d’écran n’a pas pu démarrer. Vérifiez que votre navigateur et votre système l’autorisent, puis réessayez.',
  'errors.join-failed': 'Impossible de rejoindre la réunion. Vérifiez votre connexion Internet et réessayez.',
  'errors.anonymous-join-disabled':
    'Cette réunion n’accepte pas d’invités extérieurs à l’organisation. Demandez l’accès à l’organisateur, ou rejoignez-la avec l’application Teams.',
  'errors.consent-failed':
    'Votre consentement n’a pas pu être transmis, votre micro et votre caméra restent donc coupés. Réessayez.',
  'errors.consent-required':
    'Cette réunion est enregistrée ou transcrite. Donnez d’abord votre accord, puis activez votre micro ou votre caméra.',
  'errors.operation-failed': 'Cela n’a pas fonctionné. Réessayez.',
  'errors.chat-unavailable':
    'La conversation de la réunion n’est pas disponible pour le moment. Réessayez dans un instant.',
  'errors.chat-forbidden':
    'Vous n’avez pas accès à cette conversation. La conversation de réunion n’est ouverte que pendant que vous êtes dans la réunion.',
  'errors.chat-channel-meeting':
    'La conversation n’est pas disponible dans les réunions de canal. L’audio et la vidéo fonctionnent toujours.',
  'errors.chat-teams-identity-unsupported':
    'La conversation de réunion n’est pas disponible ici avec un compte Teams. Utilisez plutôt la conversation dans Teams.',
  'errors.chat-send-failed': 'Votre message n’a pas été envoyé. Vérifiez votre connexion et réessayez.',
  'errors.chat-message-too-long': 'Votre message est trop long. Raccourcissez-le, puis renvoyez-le.',
  'errors.network': 'La connexion a été perdue. Vérifiez votre connexion Internet et réessayez.',
  'errors.unknown': 'Une erreur s’est produite. Réessayez ou rechargez la page.',
  // issue 14
  'errors.not-allowed': 'La réunion ne vous permet pas de faire cela pour le moment. Demandez à l’organisateur si vous en avez besoin.',
};

const it: Record<keyof ErrorCatalog, string> = {
  'errors.invalid-meeting-link':
    'Questo link della riunione non sembra corretto. Copia il link completo della riunione Teams dall’invito e riprova.',
  'errors.consumer-teams-unsupported':
    'Questo link è di Teams (gratuito). Qui si può partecipare solo alle riunioni di Teams aziendali o scolastiche.',
  'errors.government-cloud-unsupported':
    'Questa riunione è ospitata in un cloud Microsoft governativo o nazionale e non è possibile parteciparvi da qui. Partecipa con l’app Teams.',
  'errors.invalid-meeting-id':
    'Controlla l’ID riunione e il passcode. L’ID è un numero lungo (gli spazi vanno bene) e il passcode distingue tra maiuscole e minuscole.',
  'errors.missing-meeting':
    'Non c’è ancora nessuna riunione a cui partecipare. Inserisci un link della riunione, oppure l’ID riunione e il passcode.',
  'errors.missing-token-source':
    'Questa pagina non è ancora configurata per collegarsi alle riunioni. Avvisa il gestore del sito.',
  'errors.invalid-callee': 'La persona o il numero da chiamare non è valido. Controllalo e riprova.',
  'errors.caller-id-required':
    'Per chiamare un numero di telefono serve un ID chiamante, ma non ne è configurato nessuno. Avvisa il gestore del sito.',
  'errors.invalid-phone-number':
    'Questo numero di telefono non è valido. Inseriscilo in formato internazionale, ad esempio +390212345678.',
  'errors.token-unauthorized': 'Non hai effettuato l’accesso o non sei autorizzato a collegarti. Accedi di nuovo e riprova.',
  'errors.token-not-found': 'Il servizio di accesso alle riunioni non è stato trovato. Avvisa il gestore del sito.',
  'errors.token-invalid':
    'Il servizio di accesso ha inviato una risposta inattesa. Riprova più tardi e avvisa il gestore del sito se il problema continua.',
  'errors.token-unreachable':
    'Impossibile raggiungere il servizio di accesso. Controlla la connessione a Internet e riprova.',
  'errors.token-wrong-kind':
    'Questo accesso non può essere usato qui (l’accesso ospite e gli account Teams funzionano in modo diverso). Avvisa il gestore del sito.',
  'errors.sdk-load-failed':
    'Non è stato possibile caricare i componenti della riunione. Controlla la connessione a Internet e ricarica la pagina.',
  'errors.media-permission-denied':
    'Il browser sta bloccando la fotocamera o il microfono. Consentili nelle impostazioni del sito (accanto alla barra degli indirizzi) e riprova.',
  'errors.media-no-device': 'Nessuna fotocamera o microfono trovato. Collegane uno e riprova.',
  'errors.screen-share-failed':
    'Impossibile avviare la condivisione dello schermo. Verifica che il browser e il sistema la consentano e riprova.',
  'errors.join-failed': 'Impossibile partecipare alla riunione. Controlla la connessione a Internet e riprova.',
  'errors.anonymous-join-disabled':
    'Questa riunione non consente la partecipazione di ospiti esterni all’organizzazione. Chiedi l’accesso all’organizzatore o partecipa con l’app Teams.',
  'errors.consent-failed':
    'Non è stato possibile inviare il tuo consenso, quindi microfono e fotocamera restano spenti. Riprova.',
  'errors.consent-required':
    'Questa riunione viene registrata o trascritta. Dai prima il tuo consenso, poi attiva il microfono o la fotocamera.',
  'errors.operation-failed': 'Non ha funzionato. Riprova.',
  'errors.chat-unavailable': 'La chat della riunione non è disponibile al momento. Riprova tra poco.',
  'errors.chat-forbidden':
    'Non hai accesso a questa chat. La chat della riunione è disponibile solo mentre partecipi alla riunione.',
  'errors.chat-channel-meeting':
    'La chat non è disponibile nelle riunioni di canale. Audio e video funzionano comunque.',
  'errors.chat-teams-identity-unsupported':
    'La chat della riunione non è disponibile qui con un account Teams. Usa la chat in Teams.',
  'errors.chat-send-failed': 'Il messaggio non è stato inviato. Controlla la connessione e riprova.',
  'errors.chat-message-too-long': 'Il messaggio è troppo lungo. Accorcialo e invialo di nuovo.',
  'errors.network': 'La connessione si è interrotta. Controlla la connessione a Internet e riprova.',
  'errors.unknown': 'Si è verificato un errore. Riprova o ricarica la pagina.',
  // issue 14
  'errors.not-allowed': 'La riunione non ti consente di farlo in questo momento. Chiedi all’organizzatore se ti serve.',
};

export const errorStrings: Catalogs<ErrorCatalog> = { en, fr, it };

/**
 * The localized message for an error code. `overrides` are an element's `strings` (keys
 * `errors.<code>`), consulted first; English fills any gap.
 */
export function errorMessage(
  code: AcsErrorCode,
  locale: Locale = 'en',
  overrides: Partial<Record<string, string>> = {},
): string {
  return new Translator(errorStrings, locale, overrides).t(`errors.${code}`);
}
