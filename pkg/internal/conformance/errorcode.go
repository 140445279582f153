package conformance

import "github.com/auditlens/entraid/pkg/models"

// ErrorCode names a Go engine error with the TypeScript engine's QueryErrorCode: the code the error
// carries (models.CodeOf), "internal" when it carries none.
func ErrorCode(err error) string {
	return models.CodeOf(err)
}
