// Start every GOV.UK Frontend component on the page (error summary focus, skip link,
// header menu, details, character counts). A file, not an inline script, for the CSP.
import { initAll } from "../../govuk/govuk-frontend.min.js";

initAll();
