export { type AppOptions, buildApp } from './app.js';
export { ApiError, toApiError } from './errors.js';
export { assertSafeBinding, isLoopback, type RunningServer, startServer } from './server.js';
