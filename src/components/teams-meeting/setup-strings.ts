/** Strings of the setup (pre-join) screen of `<acs-teams-meeting>`; loaded with the setup chunk. */
import type { Catalogs } from '../../i18n/index.js';

const en = {
  'setup.title': 'Get ready to join',
  'setup.name': 'Your name',
  'setup.nameHint': 'Shown to everyone in the meeting.',
  'setup.nameRequired': 'Enter your name to join.',
  'setup.preview': 'Camera preview',
  'setup.cameraOff': 'Your camera is off',
  'setup.cameraStarting': 'Starting camera…',
  'setup.microphone': 'Microphone',
  'setup.camera': 'Camera',
  'setup.speaker': 'Speaker',
  'setup.devices': 'Devices',
  'setup.defaultDevice': 'Default',
  'setup.micToggle': 'Microphone',
  'setup.cameraToggle': 'Camera',
  'setup.on': 'On',
  'setup.off': 'Off',
  'setup.join': 'Join now',
  'setup.permissionDenied.title': 'Your browser is blocking the camera and microphone',
  'setup.permissionDenied.body':
    'To fix it, select the camera or lock icon in the address bar, allow the camera and microphone for this site, then reload the page. You can still join: others will not see or hear you.',
  'setup.noDevice.title': 'No camera or microphone found',
  'setup.noDevice.body':
    'Connect a camera or a microphone and check that no other app is using it. You can still join and listen.',
  'setup.noCamera': 'No camera found. You can join with audio only.',
  'setup.noMicrophone': 'No microphone found. You can join and listen; others will not hear you.',
  // issue 17: the pre-join screen (icon toggles on the preview, settings, speaker test, early checks)
  'setup.mute': 'Mute',
  'setup.unmute': 'Unmute',
  'setup.cameraTurnOff': 'Turn camera off',
  'setup.cameraTurnOn': 'Turn camera on',
  'setup.settings': 'Audio and video settings',
  'setup.testSound': 'Play test sound',
  'setup.testSoundPlaying': 'Playing test sound…',
  'setup.checking': 'Checking the meeting details…',
  'setup.guestsNotAllowed.title': 'This meeting doesn’t allow guests',
  'setup.guestsNotAllowed.body':
    'Only people with a Teams account the organizer allows can join. Ask the organizer to let guests in, then select Join now again.',
};

const fr: Record<keyof typeof en, string> = {
  'setup.title': 'Préparez-vous à rejoindre',
  'setup.name': 'Votre nom',
  'setup.nameHint': 'Visible par tous les participants.',
  'setup.nameRequired': 'Saisissez votre nom pour rejoindre.',
  'setup.preview': 'Aperçu de la caméra',
  'setup.cameraOff': 'Votre caméra est désactivée',
  'setup.cameraStarting': 'Démarrage de la caméra…',
  'setup.microphone': 'Micro',
  'setup.camera': 'Caméra',
  'setup.speaker': 'Haut-parleur',
  'setup.devices': 'Périphériques',
  'setup.defaultDevice': 'Par défaut',
  'setup.micToggle': 'Micro',
  'setup.cameraToggle': 'Caméra',
  'setup.on': 'Activé',
  'setup.off': 'Désactivé',
  'setup.join': 'Rejoindre',
  'setup.permissionDenied.title': 'Votre navigateur bloque la caméra et le micro',
  'setup.permissionDenied.body':
    'Pour corriger cela, sélectionnez l’icône de caméra ou de cadenas dans la barre d’adresse, autorisez la caméra et le micro pour ce site, puis rechargez la page. Vous pouvez quand même rejoindre : les autres ne vous verront pas et ne vous entendront pas.',
  'setup.noDevice.title': 'Aucune caméra ni aucun micro détecté',
  'setup.noDevice.body':
    'Branchez une caméra ou un micro et vérifiez qu’aucune autre application ne l’utilise. Vous pouvez quand même rejoindre et écouter.',
  'setup.noCamera': 'Aucune caméra détectée. Vous pouvez rejoindre en audio seulement.',
  'setup.noMicrophone': 'Aucun micro détecté. Vous pouvez rejoindre et écouter ; les autres ne vous entendront pas.',
  // issue 17: the pre-join screen (icon toggles on the preview, settings, speaker test, early checks)
  'setup.mute': 'Couper le micro',
  'setup.unmute': 'Activer le micro',
  'setup.cameraTurnOff': 'Désactiver la caméra',
  'setup.cameraTurnOn': 'Activer la caméra',
  'setup.settings': 'Paramètres audio et vidéo',
  'setup.testSound': 'Tester le son',
  'setup.testSoundPlaying': 'Son de test en cours…',
  'setup.checking': 'Vérification des informations de la réunion…',
  'setup.guestsNotAllowed.title': 'Cette réunion n’accepte pas les invités',
  'setup.guestsNotAllowed.body':
    'Seules les personnes disposant d’un compte Teams autorisé par l’organisateur peuvent rejoindre. Demandez à l’organisateur d’accepter les invités, puis sélectionnez à nouveau Rejoindre.',
};

const it: Record<keyof typeof en, string> = {
  'setup.title': 'Preparati a partecipare',
  'setup.name': 'Il tuo nome',
  'setup.nameHint': 'Visibile a tutti i partecipanti.',
  'setup.nameRequired': 'Inserisci il tuo nome per partecipare.',
  'setup.preview': 'Anteprima della videocamera',
  'setup.cameraOff': 'La videocamera è disattivata',
  'setup.cameraStarting': 'Avvio della videocamera…',
  'setup.microphone': 'Microfono',
  'setup.camera': 'Videocamera',
  'setup.speaker': 'Altoparlante',
  'setup.devices': 'Dispositivi',
  'setup.defaultDevice': 'Predefinito',
  'setup.micToggle': 'Microfono',
  'setup.cameraToggle': 'Videocamera',
  'setup.on': 'Attivo',
  'setup.off': 'Disattivato',
  'setup.join': 'Partecipa ora',
  'setup.permissionDenied.title': 'Il browser sta bloccando videocamera e microfono',
  'setup.permissionDenied.body':
    'Per risolvere, seleziona l’icona della videocamera o del lucchetto nella barra degli indirizzi, consenti videocamera e microfono per questo sito e ricarica la pagina. Puoi comunque partecipare: gli altri non ti vedranno né ti sentiranno.',
  'setup.noDevice.title': 'Nessuna videocamera o microfono trovato',
  'setup.noDevice.body':
    'Collega una videocamera o un microfono e verifica che nessun’altra app lo stia usando. Puoi comunque partecipare e ascoltare.',
  'setup.noCamera': 'Nessuna videocamera trovata. Puoi partecipare solo con l’audio.',
  'setup.noMicrophone': 'Nessun microfono trovato. Puoi partecipare e ascoltare; gli altri non ti sentiranno.',
  // issue 17: the pre-join screen (icon toggles on the preview, settings, speaker test, early checks)
  'setup.mute': 'Disattiva audio',
  'setup.unmute': 'Attiva audio',
  'setup.cameraTurnOff': 'Disattiva videocamera',
  'setup.cameraTurnOn': 'Attiva videocamera',
  'setup.settings': 'Impostazioni audio e video',
  'setup.testSound': 'Prova l’audio',
  'setup.testSoundPlaying': 'Riproduzione in corso…',
  'setup.checking': 'Verifica dei dettagli della riunione…',
  'setup.guestsNotAllowed.title': 'Questa riunione non ammette ospiti',
  'setup.guestsNotAllowed.body':
    'Possono partecipare solo le persone con un account Teams autorizzato dall’organizzatore. Chiedi all’organizzatore di ammettere gli ospiti, poi seleziona di nuovo Partecipa ora.',
};

export type SetupCatalog = typeof en;
export const setupStrings: Catalogs<SetupCatalog> = { en, fr, it };
