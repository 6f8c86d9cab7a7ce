# The self-hosted runner's own AMI: the machine that runs Packer and the deploys, made immutable too.
# Bake it, then roll it out to the runners' Auto Scaling group with deploy-asg like any other cluster
# (e.g. cluster "gha-runner"); a runner registers itself at boot (see scripts/install-runner.sh).
#
#   packer init runner.pkr.hcl
#   packer build -var runner_sha256=<sha256 from the runner's release notes> runner.pkr.hcl

packer {
  required_version = ">= 1.10.0"
  required_plugins {
    amazon = {
      version = ">= 1.3.0"
      source  = "github.com/hashicorp/amazon"
    }
  }
}

variable "region" {
  type    = string
  default = "us-east-1"
}

variable "instance_type" {
  type    = string
  default = "t3.medium"
}

variable "runner_version" {
  type        = string
  default     = "2.329.0"
  description = "actions/runner release (without the v)."
}

variable "runner_sha256" {
  type        = string
  description = "SHA-256 of actions-runner-linux-x64-<runner_version>.tar.gz, from the release notes. Required: the install refuses an unverified agent."
}

variable "node_version" {
  type        = string
  default     = "24.11.0"
  description = "Node.js for the immutable CLI and scripts (the runner agent ships its own node for actions)."
}

variable "packer_version" {
  type        = string
  default     = "1.11.2"
  description = "Packer installed from HashiCorp's signed dnf repository."
}

locals {
  stamp = formatdate("YYYYMMDDhhmmss", timestamp())
}

source "amazon-ebs" "runner" {
  region        = var.region
  instance_type = var.instance_type
  ssh_username  = "ec2-user"
  ami_name      = "gha-runner-${local.stamp}"
  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }
  imds_support = "v2.0"
  source_ami_filter {
    filters = {
      name                = "al2023-ami-2023.*-x86_64"
      architecture        = "x86_64"
      virtualization-type = "hvm"
      root-device-type    = "ebs"
    }
    owners      = ["amazon"]
    most_recent = true
  }
  launch_block_device_mappings {
    device_name           = "/dev/xvda"
    volume_size           = 30
    volume_type           = "gp3"
    iops                  = 3000
    throughput            = 125
    delete_on_termination = true
  }
  tags = {
    app            = "gha-runner"
    runner-version = var.runner_version
    packer-version = var.packer_version
    node-version   = var.node_version
    base           = "{{ .SourceAMIName }}"
  }
}

build {
  sources = ["source.amazon-ebs.runner"]

  provisioner "shell" {
    execute_command = "sudo -E bash '{{ .Path }}'"
    environment_vars = [
      "RUNNER_VERSION=${var.runner_version}",
      "RUNNER_SHA256=${var.runner_sha256}",
      "NODE_VERSION=${var.node_version}",
      "PACKER_VERSION=${var.packer_version}",
    ]
    script = "${path.root}/scripts/install-runner.sh"
  }

  post-processor "manifest" {
    output     = "runner-manifest.json"
    strip_path = true
    custom_data = {
      runner_version = var.runner_version
      packer_version = var.packer_version
      node_version   = var.node_version
    }
  }
}
