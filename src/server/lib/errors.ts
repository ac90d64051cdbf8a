import { ERROR_CODES, type ErrorBody, type ErrorCode, type ErrorIssue } from '#shared/errors.ts';

/** The one error class of the server. `message` is what a person reads (Chinese). */
export class AppError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message?: string,
    public readonly issues?: ErrorIssue[],
    public readonly headers?: Record<string, string>,
  ) {
    super(message ?? ERROR_CODES[code].zh);
    this.name = 'AppError';
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }

  toBody(): ErrorBody {
    return {
      error: { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) },
    };
  }
}

export const notFound = (what = '记录') => new AppError('NOT_FOUND', `${what}不存在或无权访问`);
export const forbidden = (message?: string) => new AppError('FORBIDDEN', message);
export const invalid = (message: string, issues?: ErrorIssue[]) =>
  new AppError('INVALID_INPUT', message, issues);
export const conflict = (message?: string, issues?: ErrorIssue[]) =>
  new AppError('CONFLICT', message, issues);
