/**
 * Shared by the meeting-chat browser tests: a stand-in meeting that provides the meeting context
 * (as `<acs-teams-meeting>` does), emulator shortcuts, and waiting helpers.
 */
import { html, LitElement } from 'lit';
import { ContextProvider } from '@lit/context';
import { meetingContext, type MeetingContextValue } from '../../src/controllers/meeting-context.js';
import { createTokenSession, type TokenSession } from '../../src/core/token-source.js';
import type { AcsMeetingChat } from '../../src/components/meeting-chat/meeting-chat.js';
import '../../src/define.js';
import { emulatorPath } from './helpers/emulator.js';
import { until } from './helpers/wait.js';

export const API = 'api-version=2025-03-15';

/** Provides the meeting context to slotted children and to `for=` lookups, like the meeting element. */
export class TestMeetingHost extends LitElement {
  readonly provider = new ContextProvider(this, {
    context: meetingContext,
    initialValue: { chatAvailable: false, identity: 'acs', phase: 'setup' } as MeetingContextValue,
  });
  set(value: MeetingContextValue): void {
    this.provider.setValue(value);
  }
  protected override render() {
    return html`<slot></slot><slot name="chat"></slot>`;
  }
}
if (!customElements.get('test-meeting-host')) customElements.define('test-meeting-host', TestMeetingHost);

/** The shared `until` with this suite's longer default deadline. */
export const waitFor = <T>(check: () => T | undefined | null | false, what: string, timeoutMs = 15_000): Promise<T> =>
  until(check, what, timeoutMs, 50) as Promise<T>;

export async function api<T = unknown>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
  const response = await fetch(path.startsWith('http') ? path : emulatorPath(path), {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export interface Guest {
  session: TokenSession;
  token: string;
  userId: string;
  endpoint: string;
}

export async function newGuest(): Promise<Guest> {
  const session = createTokenSession({ url: emulatorPath('api/token') });
  const result = await session.current();
  return { session, token: result.token, userId: result.userId!, endpoint: result.endpoint! };
}

export async function newMeeting(body: Record<string, unknown> = {}): Promise<string> {
  const meeting = await api<{ threadId: string }>('POST', 'emulator/meetings', body);
  return meeting.threadId;
}

export async function join(threadId: string, guest: Guest, displayName = 'Guest'): Promise<void> {
  await api('POST', `emulator/meetings/${encodeURIComponent(threadId)}/join`, { userId: guest.userId, displayName });
}

export async function teamsPost(threadId: string, body: Record<string, unknown>): Promise<string> {
  const result = await api<{ id: string }>('POST', `emulator/meetings/${encodeURIComponent(threadId)}/messages`, body);
  return result.id;
}

export interface RestMessage {
  id: string;
  type: string;
  content?: { message?: string };
  metadata?: Record<string, string>;
  editedOn?: string;
  deletedOn?: string;
  senderCommunicationIdentifier?: { rawId?: string };
}

/** Every message of a thread through the chat REST API (oldest first). */
export async function listAll(threadId: string, guest: Guest): Promise<RestMessage[]> {
  const all: RestMessage[] = [];
  let url: string | undefined = emulatorPath(`chat/threads/${encodeURIComponent(threadId)}/messages?maxPageSize=200&${API}`);
  while (url) {
    const page: { value: RestMessage[]; nextLink?: string } = await api('GET', url, undefined, guest.token);
    all.push(...page.value);
    url = page.nextLink;
  }
  return all.reverse();
}

export function inMeeting(guest: Guest, threadId: string, extra: Partial<MeetingContextValue> = {}): MeetingContextValue {
  return { session: guest.session, threadId, chatAvailable: true, identity: 'acs', phase: 'connected', ...extra };
}

export function shadow(chat: AcsMeetingChat): ShadowRoot {
  return chat.shadowRoot!;
}

export function messageNodes(chat: AcsMeetingChat): HTMLElement[] {
  return Array.from(shadow(chat).querySelectorAll<HTMLElement>('[part="message"]'));
}

export function textOf(chat: AcsMeetingChat): string {
  return messageNodes(chat)
    .map((node) => node.textContent ?? '')
    .join('\n');
}

export async function typeAndSend(chat: AcsMeetingChat, text: string): Promise<void> {
  const box = await waitFor(() => shadow(chat).querySelector<HTMLTextAreaElement>('textarea[part="composer"]'), 'composer');
  box.value = text;
  box.dispatchEvent(new Event('input', { bubbles: true }));
  box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
}

export async function clearFaults(): Promise<void> {
  await api('DELETE', 'emulator/faults');
}

/**
 * "ResizeObserver loop completed with undelivered notifications" is a benign browser report (rows
 * resized while the virtualizer measured them); Mocha would count it as a failure.
 */
export function ignoreResizeObserverLoop(): void {
  const original = window.onerror;
  window.onerror = function (message, ...rest) {
    if (typeof message === 'string' && message.includes('ResizeObserver loop')) return true;
    return original ? original.call(window, message, ...rest) : false;
  };
}
