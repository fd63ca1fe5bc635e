// The product this ws service runs (its socket handlers). Without one:
// `export { emptyWsProduct as product } from '@insightdesk/shared/product';`
export { helpdeskWs as product } from '@insightdesk/helpdesk/ws';
