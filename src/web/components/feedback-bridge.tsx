import { App } from 'antd';
import { useEffect } from 'react';
import { feedback } from '../lib/feedback.ts';

/** Hands antd's context-aware message/modal functions to non-component code. */
export function FeedbackBridge() {
  const app = App.useApp();
  useEffect(() => {
    feedback.current = app;
    return () => {
      if (feedback.current === app) feedback.current = null;
    };
  }, [app]);
  return null;
}
