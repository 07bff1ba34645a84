import { describe, expect, it } from 'vitest';
import { defaultLibraryDir } from '../../src/main/paths';

describe('the default library folder', () => {
  it("is the desktop app's user-data folder on each platform", () => {
    expect(defaultLibraryDir({}, 'linux', '/home/ada')).toBe('/home/ada/.config/Gloss');
    expect(defaultLibraryDir({ XDG_CONFIG_HOME: '/x/cfg' }, 'linux', '/home/ada')).toBe('/x/cfg/Gloss');
    expect(defaultLibraryDir({}, 'darwin', '/Users/ada')).toBe('/Users/ada/Library/Application Support/Gloss');
  });

  it('ignores an empty or relative XDG_CONFIG_HOME, and honours GLOSS_LIBRARY', () => {
    expect(defaultLibraryDir({ XDG_CONFIG_HOME: '' }, 'linux', '/home/ada')).toBe('/home/ada/.config/Gloss');
    expect(defaultLibraryDir({ XDG_CONFIG_HOME: 'rel' }, 'linux', '/home/ada')).toBe('/home/ada/.config/Gloss');
    expect(defaultLibraryDir({ GLOSS_LIBRARY: '/data/lib' }, 'linux', '/home/ada')).toBe('/data/lib');
  });
});
