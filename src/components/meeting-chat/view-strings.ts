/**
 * English strings of the chat UI chunk (message list, composer; namespace `chat`). A key is plural
 * when English has `<base>.other`: each language then has `<base>.<category>` for its categories.
 */

const en = {
  'list.label': 'Messages',
  'list.empty': 'No messages yet. Say hello!',
  'list.loadingOlder': 'Loading earlier messages…',
  'list.start': 'This is the beginning of the chat.',
  'today': 'Today',
  'yesterday': 'Yesterday',
  'teamsBadge': 'Teams',
  'you': 'You',
  'edited': 'Edited',
  'deleted': 'This message was deleted.',
  'sending': 'Sending…',
  'failed': 'Not sent.',
  'retry': 'Retry',
  'seen': 'Seen',
  'edit': 'Edit',
  'delete': 'Delete',
  'save': 'Save',
  'cancel': 'Cancel',
  'editLabel': 'Edit your message',
  'deleteConfirm': 'Delete this message?',
  'system.added': '{names} joined the chat.',
  'system.removed': '{names} left the chat.',
  'system.topic': 'The topic was changed to “{topic}”.',
  'typing.one': '{name} is typing…',
  'typing.two': '{first} and {second} are typing…',
  'typing.many.one': '{count} person is typing…',
  'typing.many.other': '{count} people are typing…',
  'composer.label': 'Type a message',
  'composer.placeholder': 'Type a message',
  'composer.hint': 'Enter to send, Shift+Enter for a new line.',
  'composer.remaining.one': '{count} character left',
  'composer.remaining.other': '{count} characters left',
  'composer.tooLong': 'The message is too long.',
  'send': 'Send',
  'jump': 'Jump to latest',
  'unread.one': '{count} new message',
  'unread.other': '{count} new messages',
  'image.loading': 'Loading image…',
  'image.failed': 'Image unavailable',
  'image.alt': 'Image',
};

export type ChatViewCatalog = typeof en;
export const chatViewStrings: ChatViewCatalog = en;
