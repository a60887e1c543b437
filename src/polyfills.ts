// Built-ins newer than ES2017 that our code or its packages call, for Office 2019's EdgeHTML 18
// webview (syntax is lowered by the build; these are library functions it cannot lower).
// core-js adds each only where the browser lacks it, so in WebView2 and Chromium they cost nothing.
import "core-js/stable/array/at";
import "core-js/stable/array/find-last";
import "core-js/stable/array/find-last-index";
import "core-js/stable/array/flat";
import "core-js/stable/array/flat-map";
import "core-js/stable/global-this";
import "core-js/stable/object/from-entries";
import "core-js/stable/object/has-own";
import "core-js/stable/promise/all-settled";
import "core-js/stable/promise/any";
import "core-js/stable/string/at";
import "core-js/stable/string/match-all";
import "core-js/stable/string/replace-all";
import "core-js/stable/string/trim-end";
import "core-js/stable/string/trim-start";
