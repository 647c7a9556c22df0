module github.com/matrix-org/complement

go 1.24
