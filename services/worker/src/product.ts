// The product this worker runs (its processors, effects and purges). Without one:
// `export { emptyWorkerProduct as product } from '@insightdesk/shared/product';`
export { helpdeskWorker as product } from '@insightdesk/helpdesk/worker';
