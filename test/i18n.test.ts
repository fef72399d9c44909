import { describe, expect, it } from 'vitest';
import { defaultLang } from '../src/report/i18n.js';

// The language when --lang is not given: the POSIX locale variables, else (Windows, where they
// are unset) the system locale that Intl reports.

describe('defaultLang', () => {
  it('follows LC_ALL, then LC_MESSAGES, then LANG', () => {
    expect(defaultLang({ LANG: 'zh_CN.UTF-8' }, () => 'en-US')).toBe('zh');
    expect(defaultLang({ LANG: 'en_US.UTF-8' }, () => 'zh-CN')).toBe('en');
    expect(defaultLang({ LC_ALL: 'zh_TW.UTF-8', LANG: 'en_US.UTF-8' }, () => 'en-US')).toBe('zh');
    expect(defaultLang({ LC_MESSAGES: 'en_GB.UTF-8', LANG: 'zh_CN.UTF-8' }, () => 'zh-CN')).toBe('en');
    expect(defaultLang({ LANG: 'C' }, () => 'zh-CN')).toBe('en');
  });

  it('asks Intl when no locale variable is set (Windows)', () => {
    expect(defaultLang({}, () => 'zh-CN')).toBe('zh');
    expect(defaultLang({}, () => 'zh-Hans-CN')).toBe('zh');
    expect(defaultLang({}, () => 'en-US')).toBe('en');
    expect(defaultLang({ LANG: '' }, () => 'zh-CN')).toBe('zh');
  });
});
