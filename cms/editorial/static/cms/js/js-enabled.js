// GOV.UK Frontend: mark the body before anything renders, so components that need
// JavaScript style themselves only when it runs (and only in browsers that take modules).
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
