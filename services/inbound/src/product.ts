// The product whose mail this ingress takes (its recipients, where it records a mail). Without one:
// `export { emptyInboundProduct as product } from '@insightdesk/shared/product';`
export { helpdeskInbound as product } from '@insightdesk/helpdesk/inbound';
