// The timeline feature's public surface: what other features may import (see CONTRIBUTING.md, "Features").
export { ToolboxGate, enterLive } from './LiveGate';
