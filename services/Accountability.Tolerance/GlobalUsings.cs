// The shared domain vocabulary (levels, names, attachments) every service speaks.
global using Accountability.Platform.Domain;
