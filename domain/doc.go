// Package domain is the core of Hutong: entities, value types, pure rules,
// policies, service interfaces and the one error type. It imports neither
// gin nor gorm; adapters (postgres/, api/, web/, jobs/) meet only through
// the types declared here.
package domain
