/**
 * The first `getUserMedia` of the setup screen and the remembered device choice, in the script-tag
 * entry: the camera starts the moment the element is visible, without waiting for any chunk (the
 * setup screen's chunk loads meanwhile and takes the stream over).
 *
 * Only device ids are stored (localStorage `acs-teams-elements:devices`): they are per-origin
 * random strings the browser hands out, never names, tokens or meeting data.
 */
export interface DeviceIds {
  microphoneId?: string;
  cameraId?: string;
  speakerId?: string;
}

const STORAGE_KEY = 'acs-teams-elements:devices';
const KEYS = ['microphoneId', 'cameraId', 'speakerId'] as const;

/** The device ids the user picked last time on this site, if any (storage may be blocked). */
export function rememberedDevices(): DeviceIds {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}');
    const ids: DeviceIds = {};
    if (raw && typeof raw === 'object') {
      for (const key of KEYS) {
        const value = (raw as Record<string, unknown>)[key];
        if (typeof value === 'string' && value.length > 0 && value.length <= 256) ids[key] = value;
      }
    }
    return ids;
  } catch {
    return {};
  }
}

/** Remembers the chosen device ids (nothing else) for the next visit. */
export function rememberDevices(devices: DeviceIds): void {
  try {
    const ids: DeviceIds = {};
    for (const key of KEYS) if (devices[key]) ids[key] = devices[key];
    localStorage.setItem(STORAGE_KEY, JSON.stringify(ids));
  } catch {
    // Storage blocked (sandboxed frame, private mode): the default devices are used next time.
  }
}

/**
 * Constraints for the preview: the chosen (or remembered) devices — `exact` when the user just
 * picked one, `ideal` for a remembered one that may be gone — else the defaults.
 */
export function previewConstraints(devices: DeviceIds, cameraOn: boolean, exact: boolean): MediaStreamConstraints {
  const pick = (id: string | undefined) => (id ? { deviceId: exact ? { exact: id } : { ideal: id } } : {});
  const audio: MediaTrackConstraints = { ...pick(devices.microphoneId) };
  const video: MediaTrackConstraints = { ...pick(devices.cameraId), width: { ideal: 1280 }, height: { ideal: 720 } };
  return { audio: Object.keys(audio).length > 0 ? audio : true, video: cameraOn ? video : false };
}

/** Starts the camera and microphone now; undefined when the browser has no getUserMedia. */
export function openPreview(devices: DeviceIds, cameraOn: boolean): Promise<MediaStream> | undefined {
  const media = typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
  if (!media?.getUserMedia) return undefined;
  return media.getUserMedia(previewConstraints(devices, cameraOn, false));
}
