import { describe, expect, it } from 'vitest';
import { notAPost } from '../../../src/core/knowledge/posts.js';

describe('an asked item cites a post, not a manual', () => {
  it.each([
    ['https://www.manualslib.com/manual/1630393/Rath-Multi-Line-Command-Center.html?page=10', 'a manual'],
    ['http://media.netcomm.com.au/public/assets/file/0013/14170/V300.zip', 'a document'],
    ['https://example.com/files/ht813-guide.pdf', 'a document'],
    ['https://github.com/fusionpbx/fusionpbx/pull/7017', 'a pull request'],
    ['https://github.com/adroste/3cx-tools', 'a repository page'],
    ['https://github.com/synox/telewall/wiki/1.-Install-Cisco-ATA', 'a repository page'],
    ['https://kb.greenlinknetworks.com/knowledge/multiple-phones-share-the-same-line', 'vendor documentation'],
    ['https://documentation.grandstream.com/knowledge-base/ht813-user-guide/', 'a manual'],
  ])('%s looks like %s', (url, kind) => {
    expect(notAPost(url)).toBe(kind);
  });

  it.each([
    'https://github.com/asterisk/asterisk/issues/1300',
    'https://github.com/orgs/community/discussions/123',
    'https://community.freepbx.org/t/ht801-no-dial-tone/12345',
    'https://forum.arduino.cc/t/rotary-phone/99',
    'https://support.google.com/voice/thread/1234/obi200-no-dial-tone',
    'https://superuser.com/questions/1/which-port-is-fxs',
    'https://www.dslreports.com/forum/r123-Which-port',
    'https://www.tek-tips.com/viewthread.cfm?qid=1',
    'https://someones.blog/2019/my-rotary-phone-on-voip.html',
  ])('%s may be a post', (url) => {
    expect(notAPost(url)).toBeUndefined();
  });
});
