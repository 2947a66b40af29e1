// SecureExec web console: progressive enhancement only; every page works as plain HTML forms without it.
"use strict";
