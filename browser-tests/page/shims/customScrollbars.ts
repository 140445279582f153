// @grafana/ui's .mjs files import react-custom-scrollbars-2 (CommonJS) by default. esbuild follows
// Node there and hands over module.exports, where Grafana's webpack hands over exports.default;
// this alias (see build.sh) gives @grafana/ui the component, as in Grafana.
// @ts-expect-error The package ships no types, and only its default export is passed on.
import Scrollbars from '../../../node_modules/react-custom-scrollbars-2/lib/index.js';

export default Scrollbars;
