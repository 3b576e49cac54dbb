export * from './error-codes';
export * from './errors/messages';
export * from './common';
export * from './receipts';
export * from './api';
export * from './bridge';
export * from './sandbox';
export * from './market-key';
