// The shared domain vocabulary (levels, disciplines) every service speaks.
global using Accountability.Platform.Domain;
