//go:build tools

// Package tools pins the Kubernetes v1.37 commands we build (control plane and a kubectl of the same minor
// version), so that `go mod tidy` keeps every module they need in go.mod / go.sum.
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
