export { createBaseApp, type KitParts } from './base-app';
export { type HttpServerOptions, httpServerStep } from './http-server';
export { createServiceKit, run, type ServiceKit, type ServiceName } from './kit';
