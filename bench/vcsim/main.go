// A minimal vcsim entry point for the benchmarks: govmomi's VPX model with its
// vAPI (/rest) endpoints on 127.0.0.1, plain HTTP, printing the same
// "listening on <url>" line the mock prints. Built by ensure.mjs from Debian's
// golang-github-vmware-govmomi-dev sources (which do not ship vcsim's own main).
package main

import (
	"fmt"
	"net/url"
	"os"
	"os/signal"
	"syscall"

	"github.com/vmware/govmomi/simulator"
	_ "github.com/vmware/govmomi/vapi/simulator"
)

func main() {
	model := simulator.VPX()
	if err := model.Create(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	model.Service.RegisterEndpoints = true
	model.Service.Listen = &url.URL{Host: "127.0.0.1:0"}
	server := model.Service.NewServer()
	fmt.Printf("listening on http://%s\n", server.URL.Host)
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	<-stop
	server.Close()
	model.Remove()
}
