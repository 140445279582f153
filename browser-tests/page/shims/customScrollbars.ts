// @grafana/ui's .mjs files import react-custom-scrollbars-2 (CommonJS) by default. esbuild follows
// Node there and hands over module.exports, where Grafana's webpack hands over exports.default;
// this alias gives @grafana/ui the component, as in Grafana.
// eslint-disable-next-line no-restricted-imports
import Scrollbars from '../../../node_modules/react-custom-scrollbars-2/lib/index.js';

export default Scrollbars;
export * from '../../../node_modules/react-custom-scrollbars-2/lib/index.js';
