/**
 * The snapshot controller for a MeetingService: starts from the initial meeting state, so an
 * element reads a whole snapshot before any service is loaded.
 */
import type { ReactiveControllerHost } from 'lit';
import { initialMeetingState, type MeetingListener, type MeetingService, type MeetingState } from '../services/meeting-service.js';
import { SnapshotController } from './snapshot-controller.js';

export class MeetingStateController extends SnapshotController<MeetingState, MeetingService> {
  constructor(host: ReactiveControllerHost, onChange?: MeetingListener) {
    super(host, initialMeetingState(), { onChange });
  }

  get service(): MeetingService | undefined {
    return this.source;
  }
}
