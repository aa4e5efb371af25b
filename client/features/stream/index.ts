// The stream feature's public surface: what other features may import (see CONTRIBUTING.md, "Features").
export { FollowStreamButton } from './FollowStreamButton';
export { FollowStreamHost } from './FollowStreamHost';
export { followFromRow } from './followFromRow';
