// The toolbox feature's public surface: what other features may import (see CONTRIBUTING.md, "Features").
// The class desk and phone book run their commands the way the toolbox does, and show its errors.
export { CommandError } from './CommandError';
export { useCommand } from './useCommand';
