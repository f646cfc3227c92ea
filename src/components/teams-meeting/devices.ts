/** Device lists through the browser's own media APIs (no SDK): fast, and the same in both backends. */
import type { DeviceInfo, JoinOptions } from '../../services/meeting-service.js';

export interface DeviceChoices {
  microphones: DeviceInfo[];
  cameras: DeviceInfo[];
  speakers: DeviceInfo[];
  selected: JoinOptions['devices'];
}

export const canPickSpeaker = () => typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;

/**
 * Lists microphones, cameras and (where the browser can route audio) speakers, keeping the current
 * selection when the device is still there. `inUse` are the device ids of a running preview.
 */
export async function listDevices(
  current: DeviceChoices,
  fallbackNames: { microphone: string; camera: string; speaker: string },
  inUse: { audio?: string; video?: string } = {},
): Promise<DeviceChoices> {
  const list = (await navigator.mediaDevices?.enumerateDevices?.().catch(() => [])) ?? [];
  const pick = (kind: MediaDeviceKind, fallback: string) =>
    list
      .filter((device) => device.kind === kind && device.deviceId && device.deviceId !== 'default' && device.deviceId !== 'communications')
      .map((device, index) => ({ id: device.deviceId, name: device.label || `${fallback} ${index + 1}` }));
  const microphones = pick('audioinput', fallbackNames.microphone);
  const cameras = pick('videoinput', fallbackNames.camera);
  const speakers = canPickSpeaker() ? pick('audiooutput', fallbackNames.speaker) : [];
  return {
    microphones,
    cameras,
    speakers,
    selected: {
      microphoneId: keep(current.selected.microphoneId ?? inUse.audio, microphones),
      cameraId: keep(current.selected.cameraId ?? inUse.video, cameras),
      speakerId: keep(current.selected.speakerId, speakers),
    },
  };
}

function keep(id: string | undefined, list: DeviceInfo[]): string | undefined {
  return id && list.some((device) => device.id === id) ? id : list[0]?.id;
}
