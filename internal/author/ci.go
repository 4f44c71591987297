package author

import "fmt"

// CIWorkflows names the continuous-integration services gen init can
// write a workflow for.
var CIWorkflows = []string{"github"}

// CIWorkflow returns the workflow file that builds and publishes the site
// on the service named ci: for "github", a GitHub Actions workflow that
// builds with gen and deploys to GitHub Pages with the official Pages
// actions, on every push to main, every hour (so that a brief scheduled
// for a time goes live within the hour), and by hand. genVersion is the
// version of gen the workflow runs ("latest" for a development build).
func CIWorkflow(ci, genVersion string) (File, error) {
	if ci != "github" {
		return File{}, fmt.Errorf("--ci %q: gen can write a workflow for github (GitHub Actions and GitHub Pages)", ci)
	}
	return File{".github/workflows/publish.yml", []byte(fmt.Sprintf(githubWorkflow, genVersion))}, nil
}

// githubWorkflow is the GitHub Actions workflow; %s is gen's version.
const githubWorkflow = `# Builds the site with gen and publishes it to GitHub Pages: on every push
# to main, every hour (so that a brief dated in the future goes live within
# the hour of its date), and when run by hand. In the repository's
# Settings > Pages, set the source to "GitHub Actions".
name: Publish

on:
  push:
    branches: [main]
  schedule:
    - cron: "7 * * * *"
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

# One publication at a time; a newer one waits for the running one.
concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-go@v5
        with:
          go-version: stable
      - id: pages
        uses: actions/configure-pages@v5
      # The build cache makes the hourly builds incremental.
      - uses: actions/cache@v4
        with:
          path: .gen
          key: gen-${{ github.sha }}
          restore-keys: gen-
      - name: Build
        run: go run github.com/gen-briefs/gen/cmd/gen@%s build --baseURL "${{ steps.pages.outputs.base_url }}/"
      - uses: actions/upload-pages-artifact@v3
        with:
          path: public

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
`
