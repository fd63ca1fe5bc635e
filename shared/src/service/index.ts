export { createBaseApp, type KitParts } from './base-app';
export { type HttpServerOptions, httpServerStep, KEEP_ALIVE_SECONDS } from './http-server';
export { createServiceKit, run, type ServiceKit, type ServiceName } from './kit';
