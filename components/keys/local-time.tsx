'use client';
// A date in the reader's own time zone. The server cannot know it, so the first render (server
// and hydration alike) shows UTC, and the browser swaps in local time once mounted.
import { useEffect, useState } from 'react';

const utc = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
const local = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function LocalTime({ value }: { value: string }) {
  const [text, setText] = useState(() => `${utc.format(new Date(value))} UTC`);
  useEffect(() => setText(local.format(new Date(value))), [value]);
  return <time dateTime={value}>{text}</time>;
}
