/** English strings of the setup (pre-join) screen of `<acs-teams-meeting>` (namespace `setup`); loaded with the setup chunk. */

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
  // Whole phrases, not "label: state": in French the state agrees with the device (activé/activée).
  'setup.micState.on': 'Microphone: on',
  'setup.micState.off': 'Microphone: off',
  'setup.cameraState.on': 'Camera: on',
  'setup.cameraState.off': 'Camera: off',
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
  // effects
  'setup.effects': 'Background effects',
  'setup.effects.none': 'None',
  'setup.effects.blur': 'Blur',
  'setup.effects.office': 'Office',
  'setup.effects.shelves': 'Bookshelf',
  'setup.effects.sunset': 'Sunset',
  'setup.effects.loading': 'Loading background effects…',
  'setup.effects.unavailable.browser': 'Background effects aren’t available in this browser.',
  'setup.effects.unavailable.service': 'Background effects are turned off by the calling service.',
  'setup.effects.failed': 'The background effect couldn’t start. Others see your camera without it.',
  'setup.noiseSuppression': 'Noise suppression',
  'setup.noiseSuppression.hint': 'Reduces background noise from your microphone.',
};

export type SetupCatalog = typeof en;
export const setupStrings: SetupCatalog = en;
