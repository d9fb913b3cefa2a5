// Package web renders Hutong's server-side pages: html/template with the
// templates and static assets embedded, Chinese first with English, and
// nothing that needs JavaScript. Handlers parse forms into domain inputs,
// call the domain services and render the answer; every rule (who may do
// what, what is valid) lives behind those services and domain.Can.
package web
