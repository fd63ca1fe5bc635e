// The product this api runs (its routes and what its files are). Without one:
// `export { emptyApiProduct as product } from '@insightdesk/shared/product';`
export { helpdeskApi as product } from '@insightdesk/helpdesk/api';
