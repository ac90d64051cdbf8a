// antd's message / modal / notification bound to the app's ConfigProvider (theme, locale),
// reachable from outside components. FeedbackBridge fills these in once the app mounts.
import type { App } from 'antd';

export type AppFeedback = ReturnType<typeof App.useApp>;

export const feedback: { current: AppFeedback | null } = { current: null };
