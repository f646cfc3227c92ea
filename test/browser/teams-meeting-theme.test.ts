/**
 * The shared design tokens (src/components/shared/theme.styles.ts): one value set on an ancestor
 * reaches all three elements (a slotted chat included), the element's own value still wins, and
 * the dark values apply with theme="dark" and with theme="auto" in a dark system theme.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import '../../src/define.js';

const TAGS = ['acs-teams-meeting', 'acs-meeting-chat', 'acs-teams-call'] as const;

function token(el: Element, name: string): string {
  return getComputedStyle(el).getPropertyValue(name).trim();
}

async function settled(root: HTMLElement): Promise<HTMLElement[]> {
  const elements = TAGS.map((tag) => root.querySelector<HTMLElement>(tag)!);
  await Promise.all(elements.map((el) => (el as unknown as { updateComplete: Promise<unknown> }).updateComplete));
  return elements;
}

describe('shared theme tokens', () => {
  after(() => emulateMedia({ colorScheme: 'light' }));

  it('a token set once on an ancestor reaches every element, a slotted chat included', async () => {
    const root = await fixture<HTMLDivElement>(html`<div style="--acs-color-primary: rgb(1, 2, 3); --acs-radius: 3px">
      <acs-teams-meeting locale="en"><acs-meeting-chat slot="chat"></acs-meeting-chat></acs-teams-meeting>
      <acs-teams-call callee="8:orgid:11111111-1111-4111-8111-111111111111" locale="en"></acs-teams-call>
    </div>`);
    for (const el of await settled(root)) {
      expect(token(el, '--_acs-color-primary'), el.localName).to.equal('rgb(1, 2, 3)');
      expect(getComputedStyle(el).getPropertyValue('--_acs-radius').trim(), el.localName).to.equal('3px');
    }
    const button = root.querySelector('acs-teams-call')!.shadowRoot!.querySelector<HTMLElement>('.call-button')!;
    expect(getComputedStyle(button).backgroundColor).to.equal('rgb(1, 2, 3)');
    expect(getComputedStyle(root.querySelector('acs-teams-meeting')!).borderTopLeftRadius).to.equal('3px');
  });

  it('without a page value each element has the light defaults; its own value wins over an ancestor', async () => {
    const root = await fixture<HTMLDivElement>(html`<div style="--acs-color-primary: rgb(1, 2, 3)">
      <acs-teams-meeting locale="en" style="--acs-color-primary: rgb(9, 9, 9)"></acs-teams-meeting>
      <acs-meeting-chat></acs-meeting-chat>
      <acs-teams-call callee="8:orgid:11111111-1111-4111-8111-111111111111"></acs-teams-call>
    </div>`);
    const [meeting, chat, call] = await settled(root);
    expect(token(meeting, '--_acs-color-primary')).to.equal('rgb(9, 9, 9)');
    expect(token(chat, '--_acs-color-primary')).to.equal('rgb(1, 2, 3)');
    root.style.removeProperty('--acs-color-primary');
    for (const el of [chat, call]) expect(token(el, '--_acs-color-primary'), el.localName).to.equal('#5b5fc7');
    for (const el of [meeting, chat, call]) {
      expect(token(el, '--_acs-color-surface'), el.localName).to.equal('#ffffff');
      expect(getComputedStyle(el).colorScheme, el.localName).to.equal('light');
    }
  });

  it('dark values with theme="dark", and with theme="auto" only in a dark system theme', async () => {
    const root = await fixture<HTMLDivElement>(html`<div>
      <acs-teams-meeting locale="en" theme="dark"></acs-teams-meeting>
      <acs-meeting-chat theme="dark"></acs-meeting-chat>
      <acs-teams-call theme="dark" callee="8:orgid:11111111-1111-4111-8111-111111111111"></acs-teams-call>
    </div>`);
    const elements = await settled(root);
    for (const el of elements) {
      expect(token(el, '--_acs-color-surface'), el.localName).to.equal('#292929');
      expect(token(el, '--_acs-color-text'), el.localName).to.equal('#ffffff');
      expect(getComputedStyle(el).colorScheme, el.localName).to.equal('dark');
    }
    for (const el of elements) el.setAttribute('theme', 'auto');
    await emulateMedia({ colorScheme: 'light' });
    for (const el of elements) expect(token(el, '--_acs-color-surface'), el.localName).to.equal('#ffffff');
    await emulateMedia({ colorScheme: 'dark' });
    for (const el of elements) {
      expect(token(el, '--_acs-color-surface'), el.localName).to.equal('#292929');
      expect(token(el, '--_acs-color-danger-text'), el.localName).to.equal('#ff99a4');
    }
  });
});
