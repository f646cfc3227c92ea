import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseMeetingId, parseMeetingLink } from '../../src/core/meeting-link.js';
import { AcsError, type AcsErrorCode } from '../../src/core/errors.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const ORGANIZER = '4b2f1c3d-0e9a-4f5b-8c7d-6e5f4a3b2c1d';
const THREAD = '19:meeting_NjQ0ZDYyMGUtYjE0Ny00ZjdmLWE3NzQtZWFmNDY0ZjA0Y2Ey@thread.v2';
const CONTEXT = JSON.stringify({ Tid: TENANT, Oid: ORGANIZER });

/** A classic link exactly as Teams writes it (lower-case escapes). */
function classic(thread = THREAD, context = CONTEXT, host = 'teams.microsoft.com', message = '0'): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
  return `https://${host}/l/meetup-join/${enc(thread)}/${message}?context=${enc(context)}`;
}

const CANONICAL = `https://teams.microsoft.com/l/meetup-join/${encodeURIComponent(THREAD)}/0?context=${encodeURIComponent(CONTEXT)}`;

function rejects(input: string, code: AcsErrorCode): void {
  assert.throws(
    () => parseMeetingLink(input),
    (error: unknown) => {
      assert.ok(error instanceof AcsError, 'throws an AcsError');
      assert.equal(error.code, code, `code for ${input.slice(0, 60)}`);
      // Links are secrets: no part of them in the message.
      const trimmed = input.trim();
      if (trimmed.length > 8) assert.ok(!error.message.includes(trimmed), 'message does not repeat the link');
      for (const secret of [THREAD, TENANT, ORGANIZER, '4829301112', 'Xy7pQ2']) {
        assert.ok(!error.message.includes(secret), 'message does not contain link parts');
      }
      return true;
    },
  );
}

describe('parseMeetingLink: classic meetup-join links', () => {
  it('parses thread, tenant and organizer from an encoded link', () => {
    const parsed = parseMeetingLink(classic());
    assert.deepEqual(parsed, {
      meetingLink: CANONICAL,
      threadId: THREAD,
      tenantId: TENANT,
      organizerId: ORGANIZER,
      chatAvailable: true,
    });
  });

  it('keeps the context JSON as given (extra keys survive) and drops other query parameters', () => {
    const context = JSON.stringify({ Tid: TENANT, Oid: ORGANIZER, IsBroadcastMeeting: true });
    const parsed = parseMeetingLink(`${classic(THREAD, context)}&anon=true&btype=a`);
    assert.equal(parsed.meetingLink, `https://teams.microsoft.com/l/meetup-join/${encodeURIComponent(THREAD)}/0?context=${encodeURIComponent(context)}`);
    // What the SDK does with the link: the query must be exactly ?context=<json>.
    const url = new URL(parsed.meetingLink);
    assert.deepEqual(JSON.parse(decodeURIComponent(url.search.replace('?context=', ''))), JSON.parse(context));
    assert.equal(decodeURIComponent(url.pathname.split('/')[3] ?? ''), THREAD);
  });

  it('trims surrounding whitespace and angle brackets', () => {
    assert.equal(parseMeetingLink(`  \n\t${classic()}  \r\n`).meetingLink, CANONICAL);
    assert.equal(parseMeetingLink(` <${classic()}> `).meetingLink, CANONICAL);
  });

  it('accepts an unencoded thread id, upper-case host and path, and keeps the message id', () => {
    const raw = `https://TEAMS.Microsoft.com/L/Meetup-Join/${THREAD}/1700000000000?context=${encodeURIComponent(CONTEXT)}`;
    const parsed = parseMeetingLink(raw);
    assert.equal(parsed.threadId, THREAD);
    assert.ok(parsed.meetingLink.startsWith('https://teams.microsoft.com/l/meetup-join/'));
    assert.ok(parsed.meetingLink.includes('/1700000000000?context='));
  });

  it('defaults a missing message id to 0', () => {
    const raw = `https://teams.microsoft.com/l/meetup-join/${encodeURIComponent(THREAD)}?context=${encodeURIComponent(CONTEXT)}`;
    assert.equal(parseMeetingLink(raw).meetingLink, CANONICAL);
  });

  it('accepts teams.cloud.microsoft and keeps that host', () => {
    const parsed = parseMeetingLink(classic(THREAD, CONTEXT, 'teams.cloud.microsoft'));
    assert.ok(parsed.meetingLink.startsWith('https://teams.cloud.microsoft/l/meetup-join/'));
    assert.equal(parsed.tenantId, TENANT);
  });

  it('marks channel meetings (@thread.tacv2, @thread.skype) as without chat', () => {
    for (const thread of ['19:a1b2c3d4e5f6@thread.tacv2', '19:a1b2c3d4e5f6@thread.skype']) {
      const parsed = parseMeetingLink(classic(thread, CONTEXT, 'teams.microsoft.com', '1700000000000'));
      assert.equal(parsed.chatAvailable, false, thread);
      assert.equal(parsed.threadId, thread);
    }
  });

  it('reads the old hash route and the launcher page', () => {
    const route = `/l/meetup-join/${encodeURIComponent(THREAD)}/0?context=${encodeURIComponent(CONTEXT)}`;
    assert.equal(parseMeetingLink(`https://teams.microsoft.com/_#${route}`).meetingLink, CANONICAL);
    assert.equal(parseMeetingLink(`https://teams.microsoft.com/v2/?meetingjoin=true#${route}&anon=true`).meetingLink, CANONICAL);
    assert.throws(() => parseMeetingLink(`https://teams.microsoft.com/v3/#${route}`), AcsError);
    const launcher = `https://teams.microsoft.com/dl/launcher/launcher.html?url=${encodeURIComponent(`/_#${route}`)}&type=meetup-join&deeplinkId=abc&directDl=true`;
    assert.equal(parseMeetingLink(launcher).meetingLink, CANONICAL);
  });

  it('rejects classic links with a bad thread, message id or context', () => {
    const ctx = encodeURIComponent(CONTEXT);
    rejects(`https://teams.microsoft.com/l/meetup-join/not-a-thread/0?context=${ctx}`, 'invalid-meeting-link');
    rejects(`https://teams.microsoft.com/l/meetup-join/${encodeURIComponent(THREAD)}/abc?context=${ctx}`, 'invalid-meeting-link');
    rejects(`https://teams.microsoft.com/l/meetup-join/%E0%A4%A/0?context=${ctx}`, 'invalid-meeting-link');
    rejects(`https://teams.microsoft.com/l/meetup-join/${encodeURIComponent(THREAD)}/%E0%A4%A?context=${ctx}`, 'invalid-meeting-link');
    rejects(`https://teams.microsoft.com/l/meetup-join/${encodeURIComponent(THREAD)}/0`, 'invalid-meeting-link');
    rejects(classic(THREAD, '{"Tid":'), 'invalid-meeting-link');
    rejects(classic(THREAD, '["x"]'), 'invalid-meeting-link');
    rejects(classic(THREAD, 'null'), 'invalid-meeting-link');
    rejects(classic(THREAD, JSON.stringify({ Tid: 'contoso', Oid: ORGANIZER })), 'invalid-meeting-link');
    rejects(classic(THREAD, JSON.stringify({ Tid: TENANT })), 'invalid-meeting-link');
    rejects(classic(THREAD, JSON.stringify({ Tid: TENANT, Oid: 42 })), 'invalid-meeting-link');
  });
});

describe('parseMeetingLink: short /meet/ links', () => {
  it('normalizes the short link to id and p only', () => {
    const parsed = parseMeetingLink(' https://teams.microsoft.com/meet/4829301112?p=Xy7pQ2aBc&utm=1 ');
    assert.deepEqual(parsed, { meetingLink: 'https://teams.microsoft.com/meet/4829301112?p=Xy7pQ2aBc', chatAvailable: true });
    // The SDK's own short-link pattern must accept what we produce.
    assert.match(parsed.meetingLink, /\/meet\/[^/?]+(\?p=[^/?]+)?$/);
  });

  it('accepts a trailing slash, no p, and any digit count', () => {
    assert.equal(parseMeetingLink('https://teams.microsoft.com/meet/123/?p=abc').meetingLink, 'https://teams.microsoft.com/meet/123?p=abc');
    assert.equal(parseMeetingLink('https://teams.microsoft.com/meet/2345678901234567').meetingLink, 'https://teams.microsoft.com/meet/2345678901234567');
  });

  it('rejects a short link without digits, with extra path, or with a malformed p', () => {
    rejects('https://teams.microsoft.com/meet/abc?p=x', 'invalid-meeting-link');
    rejects('https://teams.microsoft.com/meet/?p=x', 'invalid-meeting-link');
    rejects('https://teams.microsoft.com/meet/4829301112/extra?p=x', 'invalid-meeting-link');
    rejects('https://teams.microsoft.com/meet/4829301112?p=', 'invalid-meeting-link');
    rejects('https://teams.microsoft.com/meet/4829301112?p=a%20b', 'invalid-meeting-link');
  });
});

describe('parseMeetingLink: Safe Links', () => {
  it('unwraps the already-decoded form', () => {
    const wrapped = `https://nam06.safelinks.protection.outlook.com/?url=${classic()}&data=05%7C02%7Cx%7C&sdata=abc%3D&reserved=0`;
    assert.equal(parseMeetingLink(wrapped).meetingLink, CANONICAL);
    // Decoding the decoded form again would turn %2B into '+', which a query reads as a space.
    const short = 'https://nam06.safelinks.protection.outlook.com/?url=https://teams.microsoft.com/meet/4829301112?p=ab%2Bcd&data=1';
    assert.equal(parseMeetingLink(short).meetingLink, 'https://teams.microsoft.com/meet/4829301112?p=ab%2Bcd');
  });

  it('unwraps the encoded form Outlook writes', () => {
    const wrapped = `https://eur01.safelinks.protection.outlook.com/?url=${encodeURIComponent(classic())}&data=05%7C02&sdata=x&reserved=0`;
    assert.deepEqual(parseMeetingLink(wrapped), parseMeetingLink(classic()));
    const short = `https://eur01.safelinks.protection.outlook.com/?url=${encodeURIComponent('https://teams.microsoft.com/meet/4829301112?p=Xy7pQ2')}&data=1`;
    assert.equal(parseMeetingLink(short).meetingLink, 'https://teams.microsoft.com/meet/4829301112?p=Xy7pQ2');
  });

  it('classifies what it wraps, and rejects a wrapper around nothing or a non-Teams link', () => {
    rejects('https://nam06.safelinks.protection.outlook.com/?url=https://teams.live.com/meet/9876543210?p=abc&data=1', 'consumer-teams-unsupported');
    rejects(`https://gcc02.safelinks.protection.office365.us/?url=${encodeURIComponent('https://gov.teams.microsoft.us/l/meetup-join/x')}&data=1`, 'government-cloud-unsupported');
    rejects('https://nam06.safelinks.protection.outlook.com/?data=05%7C02&reserved=0', 'invalid-meeting-link');
    rejects('https://nam06.safelinks.protection.outlook.com/?url=https://evil.example/l/meetup-join/x&data=1', 'invalid-meeting-link');
    rejects('https://nam06.safelinks.protection.outlook.com/?url=https%3A%2F%2Fteams.microsoft.com%2F%E0%A4%A&data=1', 'invalid-meeting-link');
    // A wrapper inside a wrapper is not unwrapped twice.
    const inner = `https://nam06.safelinks.protection.outlook.com/?url=${encodeURIComponent(classic())}&data=1`;
    rejects(`https://nam06.safelinks.protection.outlook.com/?url=${encodeURIComponent(inner)}&data=1`, 'invalid-meeting-link');
  });
});

describe('parseMeetingLink: rejections', () => {
  it('rejects empty, non-string, too long and malformed input', () => {
    rejects('', 'invalid-meeting-link');
    rejects('   ', 'invalid-meeting-link');
    rejects('<>', 'invalid-meeting-link');
    rejects('not a url', 'invalid-meeting-link');
    rejects('https://', 'invalid-meeting-link');
    rejects(`${classic()}&pad=${'x'.repeat(5000)}`, 'invalid-meeting-link');
    assert.throws(() => parseMeetingLink(42 as unknown as string), (e: unknown) => e instanceof AcsError && e.code === 'invalid-meeting-link');
  });

  it('rejects unsafe and non-https schemes', () => {
    rejects('javascript:alert(1)//https://teams.microsoft.com/meet/1?p=a', 'invalid-meeting-link');
    rejects(' JavaScript:alert(1)', 'invalid-meeting-link');
    rejects('data:text/html,<script>alert(1)</script>', 'invalid-meeting-link');
    rejects('vbscript:msgbox', 'invalid-meeting-link');
    rejects('file:///etc/passwd', 'invalid-meeting-link');
    rejects(classic().replace('https:', 'http:'), 'invalid-meeting-link');
    rejects(classic().replace('https:', 'msteams:'), 'invalid-meeting-link');
  });

  it('rejects hosts that are not Teams, look-alikes, credentials and ports', () => {
    rejects(classic(THREAD, CONTEXT, 'evil.example'), 'invalid-meeting-link');
    rejects(classic(THREAD, CONTEXT, 'teams.microsoft.com.evil.example'), 'invalid-meeting-link');
    rejects(classic(THREAD, CONTEXT, 'evilteams.microsoft.com'), 'invalid-meeting-link');
    rejects(classic(THREAD, CONTEXT, 'statics.teams.microsoft.com'), 'invalid-meeting-link');
    rejects(classic(THREAD, CONTEXT, 'teams.microsoft.com@evil.example'), 'invalid-meeting-link');
    rejects(classic(THREAD, CONTEXT, 'user:pw@teams.microsoft.com'), 'invalid-meeting-link');
    rejects(classic(THREAD, CONTEXT, 'teams.microsoft.com:8443'), 'invalid-meeting-link');
  });

  it('rejects Teams URLs that are not meetings', () => {
    rejects('https://teams.microsoft.com/', 'invalid-meeting-link');
    rejects('https://teams.microsoft.com/l/channel/19%3aabc%40thread.tacv2/General?groupId=x', 'invalid-meeting-link');
    rejects('https://teams.microsoft.com/l/chat/0/0?users=a@b.c', 'invalid-meeting-link');
    rejects('https://teams.microsoft.com/dl/launcher/launcher.html?url=%2Fevil', 'invalid-meeting-link');
  });

  it('rejects consumer Teams (Teams free)', () => {
    rejects('https://teams.live.com/meet/9876543210?p=abcDEF', 'consumer-teams-unsupported');
    rejects('https://TEAMS.LIVE.COM/l/meetup-join/x', 'consumer-teams-unsupported');
    rejects('https://x.teams.live.com/meet/1', 'consumer-teams-unsupported');
  });

  it('rejects government and sovereign clouds', () => {
    rejects(classic(THREAD, CONTEXT, 'gov.teams.microsoft.us'), 'government-cloud-unsupported');
    rejects(classic(THREAD, CONTEXT, 'dod.teams.microsoft.us'), 'government-cloud-unsupported');
    rejects('https://teams.microsoft.us/meet/1', 'government-cloud-unsupported');
    rejects('https://teams.microsoftonline.cn/l/meetup-join/x', 'government-cloud-unsupported');
    rejects('https://x.teams.microsoft.scloud/meet/1', 'government-cloud-unsupported');
    rejects('https://teams.eaglex.ic.gov/meet/1', 'government-cloud-unsupported');
  });
});

describe('parseMeetingId', () => {
  it('accepts digits with or without spaces and trims the passcode', () => {
    assert.deepEqual(parseMeetingId('123 456 789 012', ' Xy7pQ2 '), { meetingId: '123456789012', passcode: 'Xy7pQ2' });
    assert.deepEqual(parseMeetingId('123456789012', 'aB3$x'), { meetingId: '123456789012', passcode: 'aB3$x' });
    assert.deepEqual(parseMeetingId('  271\u00a0364\u202f823  512 95 ', 'k'), { meetingId: '27136482351295', passcode: 'k' });
  });

  it('keeps the passcode case and allows none', () => {
    assert.equal(parseMeetingId('123456789', 'AbC').passcode, 'AbC');
    assert.equal(parseMeetingId('123456789', '').passcode, '');
    assert.equal(parseMeetingId('123456789', '   ').passcode, '');
    assert.equal(parseMeetingId('123456789').passcode, '');
  });

  it('accepts 9 to 20 digits', () => {
    assert.equal(parseMeetingId('1'.repeat(9), 'a').meetingId.length, 9);
    assert.equal(parseMeetingId('1'.repeat(20), 'a').meetingId.length, 20);
  });

  it('rejects anything else with invalid-meeting-id, without echoing the input', () => {
    const bad: Array<[string, string]> = [
      ['', 'abc'],
      ['   ', 'abc'],
      ['12345678', 'abc'],
      ['1'.repeat(21), 'abc'],
      ['123-456-789-012', 'abc'],
      ['123 456 abc', 'abc'],
      ['１２３４５６７８９０', 'abc'], // full-width digits
      ['123456789012', 'has space'],
      ['123456789012', 'x'.repeat(65)],
      ['123456789012', 'naïve'],
    ];
    for (const [id, passcode] of bad) {
      assert.throws(
        () => parseMeetingId(id, passcode),
        (error: unknown) =>
          error instanceof AcsError &&
          error.code === 'invalid-meeting-id' &&
          (id.trim() === '' || !error.message.includes(id.trim())) &&
          !error.message.includes(passcode),
        `${id} / ${passcode}`,
      );
    }
    assert.throws(() => parseMeetingId(123 as unknown as string, 'a'), (e: unknown) => e instanceof AcsError && e.code === 'invalid-meeting-id');
  });
});
